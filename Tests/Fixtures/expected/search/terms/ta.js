handbookSearchLoaded("terms/ta",{"tables":[6,1]});
