handbookSearchLoaded("terms/mo",{"more":[8,1]});
