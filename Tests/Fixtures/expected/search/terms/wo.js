handbookSearchLoaded("terms/wo",{"works":[11,1]});
