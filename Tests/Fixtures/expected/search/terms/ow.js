handbookSearchLoaded("terms/ow",{"own":[7,1]});
