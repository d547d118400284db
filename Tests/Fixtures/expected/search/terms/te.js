handbookSearchLoaded("terms/te",{"technical":[6,3],"text":[8,2]});
